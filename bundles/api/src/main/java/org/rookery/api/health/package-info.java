/** Health checks that parts of the front-end register, gathered by the health summary. */
@Version("0.1.0")
@Export
package org.rookery.api.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
