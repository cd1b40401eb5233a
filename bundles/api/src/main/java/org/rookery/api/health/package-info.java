/**
 * Health: node checks (their settings per pool and each node's checked state) and the parts of the
 * front-end that report their own problems to the health summary.
 */
@Version("0.1.0")
@Export
package org.rookery.api.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
