/** Zero-copy views over Ethernet, IPv4, IPv6, TCP, UDP and ICMP frames: flow keys, rewrites, checksums and IP-in-IP. */
@Version("0.2.0")
@Export
package org.rookery.packet;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
