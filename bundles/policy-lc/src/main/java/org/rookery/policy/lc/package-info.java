/** The least-connections distribution policy 'lc'; nothing here is exported. */
package org.rookery.policy.lc;
