package org.rookery.capture.internal;

/** Outcomes that are only counted: frames the interface took and frames it refused. */
final class OutcomeCounts implements FramePort.Outcomes {

    /** Frames the interface took. */
    long sent;
    /** Frames the interface refused. */
    long refused;

    @Override
    public void sent(int tag, int len) {
        sent++;
    }

    @Override
    public void refused(int tag, int len) {
        refused++;
    }
}
