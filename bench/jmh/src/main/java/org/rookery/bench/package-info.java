/** JMH benchmarks of the decision core's hot paths. */
package org.rookery.bench;
