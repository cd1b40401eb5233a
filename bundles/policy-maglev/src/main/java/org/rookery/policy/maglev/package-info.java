/** The Maglev consistent-hashing distribution policy 'maglev'; nothing here is exported. */
package org.rookery.policy.maglev;
