package org.langevin.data;

/**
 * Moving-MNIST motion (Srivastava et al. 2015): an item of side {@code side} starts at an integer position on a
 * canvas × canvas frame and moves at a constant integer velocity (each component ±1..±maxSpeed pixels per frame),
 * reflected at the borders.
 */
record Bounce(int canvas, int side, int maxSpeed) {
    Bounce {
        if (canvas < side) throw new IllegalArgumentException("the canvas (" + canvas + ") must hold an item of side " + side);
    }

    /** Start positions per axis: 0..room − 1. */
    int room() {
        return canvas - side + 1;
    }

    /** ±1..±maxSpeed from a code 0..2·maxSpeed − 1. */
    int velocity(int code) {
        return code < maxSpeed ? -(code + 1) : code - maxSpeed + 1;
    }

    /** The position p folded back into [0, canvas − side] (reflection at both borders). */
    int reflect(int p) {
        int room = canvas - side;
        if (room == 0) return 0;
        int period = 2 * room;
        int q = Math.floorMod(p, period);
        return q <= room ? q : period - q;
    }
}
