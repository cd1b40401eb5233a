/** Distribution policies: the pluggable choice of a node among a pool's members, with per-pool selector state. */
@Version("0.1.0")
@Export
package org.rookery.api.policy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
