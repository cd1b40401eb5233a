/** The power-of-two-choices distribution policy 'p2c'; nothing here is exported. */
package org.rookery.policy.p2c;
