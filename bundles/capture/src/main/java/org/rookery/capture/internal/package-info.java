/** The packet datapath; for now offline replay of pcap files through a copy of the decision chain. Not exported. */
package org.rookery.capture.internal;
