/** Autobind: the node's private port slice applied to the node, and helpers that bind sockets inside it. */
@Version("0.1.0")
@Export
package org.rookery.autobind;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
