/** Health checks and the agent receiver of the front-end; not exported. */
package org.rookery.health.internal;
