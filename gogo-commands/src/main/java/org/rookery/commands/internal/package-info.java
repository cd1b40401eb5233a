/** Gogo commands of the rookery scope and the loopback command server; internal, not exported. */
package org.rookery.commands.internal;
