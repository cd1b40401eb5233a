/** The cluster model: services, pools, nodes, rules, verdicts and the flow key of one packet or connection. */
@Version("0.2.0")
@Export
package org.rookery.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
