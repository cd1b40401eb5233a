/** The node side as a plain Java program: autobind and the agent, behind bin/rookery-node. */
package org.rookery.node;
