/** The weighted least-connections distribution policy 'wlc'; nothing here is exported. */
package org.rookery.policy.wlc;
