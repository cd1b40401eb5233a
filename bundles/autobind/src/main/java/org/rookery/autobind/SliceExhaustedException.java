package org.rookery.autobind;

import java.net.BindException;

/** Every port of the slice is in use on the VIP: no socket can be bound there until one is freed. */
public class SliceExhaustedException extends BindException {

    private static final long serialVersionUID = 1L;

    /** With a message naming the slice and the address. */
    public SliceExhaustedException(String message) {
        super(message);
    }
}
