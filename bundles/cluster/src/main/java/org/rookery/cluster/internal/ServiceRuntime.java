package org.rookery.cluster.internal;

import org.rookery.api.model.VirtualService;

/** A service and its counters. */
final class ServiceRuntime {

    final VirtualService service;
    final ScopeCounters counters;

    ServiceRuntime(VirtualService service, ScopeCounters counters) {
        this.service = service;
        this.counters = counters;
    }
}
