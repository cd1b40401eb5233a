/** The cluster as a whole: reading and changing its configuration, and the dispatcher every datapath asks. */
@Version("0.5.0")
@Export
package org.rookery.api.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
