/** The cluster manager, its configuration store, the policy registry and the dispatcher; not exported. */
package org.rookery.cluster.internal;
