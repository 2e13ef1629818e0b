package tillbridge.ecr.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Ctrl-C (SIGINT) as a callback instead of the JVM's exit, while a payment runs. Uses
 * {@code sun.misc.Signal} (module jdk.unsupported) by reflection, so the build stays free of
 * "internal proprietary API" warnings; where it is missing, Ctrl-C keeps its default meaning.
 */
final class Interrupts {
    interface Handle {
        void restore();
    }

    private Interrupts() {}

    /** Runs {@code action} on each SIGINT until restored. */
    static Handle onInterrupt(Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object sigint = signalClass.getConstructor(String.class).newInstance("INT");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object ours = Proxy.newProxyInstance(Interrupts.class.getClassLoader(), new Class<?>[] {handlerClass}, (proxy, m, args) -> {
                if (m.getName().equals("handle")) action.run();
                else if (m.getName().equals("toString")) return "ecr SIGINT handler";
                else if (m.getName().equals("hashCode")) return System.identityHashCode(proxy);
                else if (m.getName().equals("equals")) return proxy == args[0];
                return null;
            });
            Object previous = handle.invoke(null, sigint, ours);
            return () -> {
                try {
                    handle.invoke(null, sigint, previous);
                } catch (ReflectiveOperationException e) {
                    // leave ours in place; the process is about to end anyway
                }
            };
        } catch (ReflectiveOperationException | RuntimeException e) {
            return () -> { };
        }
    }
}
