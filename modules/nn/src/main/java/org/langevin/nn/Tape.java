package org.langevin.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.langevin.core.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Reverse-mode differentiation of one forward pass (Linnainmaa 1970; the "tape" of Griewank & Walther 2008): every op
 * computes its value with ND4J at once and records a backward step; {@link #backward} replays the steps in reverse,
 * each reading its output's gradient and adding its inputs' gradients (and its weights' gradients into one flat vector
 * laid out like the parameters). Values stay in the caller's ND4J workspace, so one training step allocates nothing
 * that outlives it, and a pass can be differentiated any number of times.
 *
 * <p>Forward mode rides on the same tape: an input given a tangent ẋ makes every op that reads it also compute its
 * output's tangent ẏ = (∂y/∂x) ẋ, written with tape ops (or by an op that differentiates its tangent itself,
 * {@link #opWithTangent}), so the tangents are nodes the reverse pass differentiates too (reverse over forward): from a
 * tangent output, {@link #backward} gives Hessian–vector products and the parameter gradient of a directional
 * derivative, the second-order passes of energy models and exact score matching.
 */
final class Tape {
    /**
     * A value of the forward pass and, when the pass carries a direction, its tangent (null: zero); its gradients live
     * in the {@link Gradients} of each backward pass.
     */
    static final class Node {
        final INDArray value;
        Node tangent;
        private boolean input;     // given to the pass, not computed by it
        private boolean direction; // the tangent given with an input

        Node(INDArray value) {
            this.value = value;
        }
    }

    /**
     * One weight tensor in the flat parameter vector: offset, shape, its initialisation (normal with std, or a fill), and
     * whether it belongs to a layer that mixes the frames of a clip.
     */
    record Param(long offset, long[] shape, double std, double fill, boolean temporal) {
        long size() {
            long n = 1;
            for (long s : shape) n *= s;
            return n;
        }

        /** This tensor's view of a flat vector laid out like the parameters. */
        INDArray of(INDArray flat) {
            return flat.get(NDArrayIndex.interval(offset, offset + size())).reshape('c', shape);
        }
    }

    /** The parameter layout, in creation order: each new tensor follows the last. */
    static final class Layout {
        private final List<Param> params = new ArrayList<>();
        private long count;
        private boolean temporal;

        /** Marks the tensors added from now on as temporal ({@code true}) or not. */
        void temporal(boolean on) {
            temporal = on;
        }

        Param add(double std, double fill, long... shape) {
            Param p = new Param(count, shape, std, fill, temporal);
            params.add(p);
            count += p.size();
            return p;
        }

        long count() {
            return count;
        }

        List<Param> params() {
            return params;
        }

        /** A flat vector laid out like the parameters: each tensor normal with its std from {@code init}, or its fill. */
        INDArray initial(DataType type, RandomStream init) {
            INDArray flat = Nd4j.zeros(type, count);
            for (Param p : params) {
                INDArray view = p.of(flat);
                if (p.std() > 0) view.assign(init.normal(type, p.size()).muli(p.std()).reshape('c', p.shape()));
                else view.assign(p.fill());
            }
            return flat;
        }
    }

    private final INDArray parameters;
    private final long parameterCount;
    private final List<Consumer<Gradients>> steps = new ArrayList<>();

    Tape(INDArray parameters) {
        this.parameters = parameters;
        this.parameterCount = parameters.length();
    }

    DataType type() {
        return parameters.dataType();
    }

    /** A weight tensor's view of this pass's parameters. */
    INDArray weight(Param p) {
        return p.of(parameters);
    }

    /** A value the pass does not compute: an input. */
    Node input(INDArray value) {
        Node in = new Node(value);
        in.input = true;
        return in;
    }

    /** An input with the direction its tangents start from. */
    Node input(INDArray value, INDArray tangent) {
        Node in = input(value);
        in.tangent = new Node(tangent);
        in.tangent.direction = true;
        return in;
    }

    /** A node's tangent, or a zero input of its shape where it has none (an op whose other input has one). */
    Node tangentOrZero(Node n) {
        return n.tangent != null ? n.tangent : new Node(Nd4j.zeros(type(), n.value.shape()));
    }

    /** A computed value whose backward step reads its gradient (never null when it runs) and passes it on. */
    Node op(INDArray value, BackwardStep step) {
        Node out = new Node(value);
        steps.add(g -> {
            INDArray grad = g.of(out);
            if (grad != null) step.backward(grad, g);
        });
        return out;
    }

    @FunctionalInterface
    interface BackwardStep {
        void backward(INDArray outputGradient, Gradients g);
    }

    /**
     * A computed value with its tangent (null: none) whose one backward step reads both gradients (either may be null,
     * not both) and passes them on: an op that differentiates its tangent itself.
     */
    Node opWithTangent(INDArray value, INDArray tangent, TangentStep step) {
        Node out = new Node(value);
        if (tangent != null) out.tangent = new Node(tangent);
        steps.add(g -> {
            INDArray grad = g.of(out);
            INDArray tangentGrad = out.tangent == null ? null : g.of(out.tangent);
            if (grad != null || tangentGrad != null) step.backward(grad, tangentGrad, g);
        });
        return out;
    }

    @FunctionalInterface
    interface TangentStep {
        void backward(INDArray outputGradient, INDArray tangentGradient, Gradients g);
    }

    /**
     * Backpropagates ∂L/∂out; with {@code parameters} the flat parameter gradient is filled (and an op may leave out its
     * inputs' gradients), else only the inputs'.
     */
    Gradients backward(Node out, INDArray outputGradient, boolean parameters) {
        return backward(out, outputGradient, null, parameters);
    }

    /**
     * Backpropagates ∂L/∂out and ∂L/∂(out's tangent) (null: L does not depend on it), the input tangents held fixed:
     * reverse over forward.
     */
    Gradients backward(Node out, INDArray outputGradient, INDArray tangentGradient, boolean parameters) {
        Gradients g = new Gradients(parameters ? Nd4j.zeros(type(), parameterCount) : null);
        if (outputGradient != null) g.add(out, outputGradient);
        if (tangentGradient != null) {
            if (out.tangent == null) throw new IllegalStateException("this pass carries no tangent");
            g.add(out.tangent, tangentGradient);
        }
        for (int i = steps.size() - 1; i >= 0; i--) steps.get(i).accept(g);
        return g;
    }

    /** The gradients of one backward pass. */
    static final class Gradients {
        private final Map<Node, INDArray> grads = new IdentityHashMap<>();
        private final Set<INDArray> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        private final INDArray parameterGradient;

        private Gradients(INDArray parameterGradient) {
            this.parameterGradient = parameterGradient;
        }

        /** The gradient reaching a node (null if none does). */
        INDArray of(Node n) {
            return grads.get(n);
        }

        /** Adds a contribution to a node's gradient; an array passed in is never modified (it may be another's gradient). */
        void add(Node n, INDArray g) {
            INDArray current = grads.get(n);
            if (current == null) {
                grads.put(n, g);
            } else if (owned.contains(current)) {
                current.addi(g);
            } else {
                INDArray sum = current.add(g);
                owned.add(sum);
                grads.put(n, sum);
            }
        }

        boolean wantsParameters() {
            return parameterGradient != null;
        }

        /**
         * Whether this pass wants a node's gradient: not a direction's (held fixed), nor an input's in a parameter pass.
         * An op may ask before computing one (the MLP's layers do); others compute every input's.
         */
        boolean wants(Node n) {
            return !n.direction && !(n.input && parameterGradient != null);
        }

        /** A weight tensor's view of the flat parameter gradient, to be added into. */
        INDArray weight(Param p) {
            return p.of(parameterGradient);
        }

        INDArray parameters() {
            return parameterGradient;
        }
    }
}
