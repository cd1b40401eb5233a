/** The connection table: which node serves each tracked flow, with per-protocol state and timeouts. */
@Version("0.2.0")
@Export
package org.rookery.api.conntrack;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
