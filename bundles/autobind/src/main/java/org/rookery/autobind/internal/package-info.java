/** Autobind as a Declarative Services component with its Gogo command, for nodes that run a small Felix; not exported. */
package org.rookery.autobind.internal;
