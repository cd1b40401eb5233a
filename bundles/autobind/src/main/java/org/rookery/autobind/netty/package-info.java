/** The node's slice for Netty clients: the kernel's per-socket port range on a Netty epoll Bootstrap. */
@Version("0.1.0")
@Export
package org.rookery.autobind.netty;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
