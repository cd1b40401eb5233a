/** Node load: what nodes report about themselves, for load-aware policies and the operator. */
@Version("0.2.0")
@Export
package org.rookery.api.load;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
