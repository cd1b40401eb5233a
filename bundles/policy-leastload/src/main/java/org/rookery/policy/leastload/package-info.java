/** The least-load distribution policy 'leastload'; nothing here is exported. */
package org.rookery.policy.leastload;
