/** The packet datapath: live capture and forwarding on libpcap, and offline replay of pcap files through a copy of the decision chain. Not exported. */
package org.rookery.capture.internal;
