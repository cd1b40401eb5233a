/** The source-hash distribution policy 'sh'; nothing here is exported. */
package org.rookery.policy.sh;
