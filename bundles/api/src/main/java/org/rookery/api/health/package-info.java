/** Health checks of nodes: their settings per pool and each node's checked state. */
@Version("0.1.0")
@Export
package org.rookery.api.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
