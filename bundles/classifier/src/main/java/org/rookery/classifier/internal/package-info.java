/** The chain component: builds the chain from the cluster and contributed classifiers; not exported. */
package org.rookery.classifier.internal;
