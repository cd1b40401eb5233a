/** The proxy datapath: Netty listeners on the VIPs of proxy services, relaying TCP and UDP to the nodes; not exported. */
package org.rookery.proxy.internal;
