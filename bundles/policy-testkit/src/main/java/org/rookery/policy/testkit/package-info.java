/** Test support shared by the policy bundles' tests: a pool of plain arrays and flow helpers. */
package org.rookery.policy.testkit;
