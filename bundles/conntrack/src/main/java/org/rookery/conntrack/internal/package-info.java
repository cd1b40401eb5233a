/** The connection table implementation: sharded open-addressing flow tables, the TCP state machine and the DS component. */
package org.rookery.conntrack.internal;
