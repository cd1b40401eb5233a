/** The smooth weighted round-robin distribution policy 'wrr'; nothing here is exported. */
package org.rookery.policy.wrr;
