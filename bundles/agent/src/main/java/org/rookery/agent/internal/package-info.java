/** The agent as a Declarative Services component, for nodes that run a small Felix; not exported. */
package org.rookery.agent.internal;
