/** Binds pcap4j's static packet factories when the wrapper bundle starts; not exported. */
package org.rookery.pcap4j.internal;
