/** The round-robin distribution policy 'rr'; nothing here is exported. */
package org.rookery.policy.rr;
