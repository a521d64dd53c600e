package fr.accueil.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.Template;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Each function's deployment package (its CodeUri, as Lambda unpacks it) holds its handler and every class the
 * handler's code can reach: a class missing from a family's package would otherwise only show on AWS, as a
 * NoClassDefFoundError at the first call that takes that path. Followed method by method, as the JVM resolves
 * classes lazily: from the handler's constructor and handleRequest, through our classes' calls (every override an
 * interface or superclass call may dispatch to, every lambda, every override of a library method on a class we
 * instantiate, since the library may call it), each class an instruction names must be in the package or the JDK.
 * Library code is not followed: its dependencies come with it, by Maven. Then each handler and the event types of
 * its handleRequest are loaded, as the runtime does, from the unpacked package alone.
 */
class DeploymentPackagesTest {
    private static final Path ROOT = EmbeddedStack.repositoryRoot();
    private static final String OURS = "fr/accueil/";

    @TempDir
    static Path unpackedPackages;

    @Test
    void everyFunctionsPackageHoldsWhatItsHandlerLoads() throws Exception {
        Map<Path, List<String>> handlersByPackage = new TreeMap<>();
        Template.read(ROOT.resolve("template.yaml")).resources("AWS::Serverless::Function").forEach((id, properties) -> {
            String handler = String.valueOf(properties.get("Handler"));
            handlersByPackage.computeIfAbsent(ROOT.resolve(String.valueOf(properties.get("CodeUri"))), zip -> new ArrayList<>())
                    .add(handler.substring(0, handler.indexOf("::")));
        });
        assertTrue(handlersByPackage.size() > 1, "one package per family of functions: " + handlersByPackage.keySet());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Path, List<String>> family : handlersByPackage.entrySet()) {
            Path zip = family.getKey();
            assertTrue(Files.exists(zip), zip + " is built by the handlers module (maven-assembly-plugin)");
            Classes classes = Classes.of(zip);
            Path tree = unpacked(zip);
            assertTrue(classes.names.stream().noneMatch(name -> name.startsWith("fr/accueil/simulation/")),
                    zip + " holds none of the local runner's simulation");
            for (String handler : family.getValue()) {
                Reach reach = new Reach(classes);
                reach.fromHandler(handler.replace('.', '/'));
                reach.missing.forEach((name, from) -> problems.add(ROOT.relativize(zip) + ": " + handler + " reaches " + name
                        + " (from " + from + "), which the package lacks"));
                problems.addAll(loadAlone(zip, tree, handler, reach));
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The package unpacked, as Lambda does, once per package. */
    private static Path unpacked(Path zip) throws IOException {
        Path tree = Files.createTempDirectory(unpackedPackages, zip.getFileName().toString());
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path file = tree.resolve(entry.getName()).normalize();
                if (!file.startsWith(tree)) {
                    throw new IOException("an entry outside the package: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(in, file);
                }
            }
        }
        return tree;
    }

    /**
     * The handler and its event and answer types, loaded from the unpacked package only, and each of our classes
     * it makes initialized there: verifying a class may load others its code names.
     */
    private static List<String> loadAlone(Path zip, Path tree, String handler, Reach reach) throws IOException {
        List<URL> path = new ArrayList<>(List.of(tree.toUri().toURL()));
        try (Stream<Path> jars = Files.list(tree.resolve("lib"))) {
            for (Path jar : jars.sorted().toList()) {
                path.add(jar.toUri().toURL());
            }
        }
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(path.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            // As the runtime: the function's loader is the context class loader (JAXB, ServiceLoader look there).
            thread.setContextClassLoader(loader);
            Class<?> type = Class.forName(handler, false, loader);
            for (Method method : type.getMethods()) {
                if (method.getName().equals("handleRequest") && !method.isBridge()) {
                    for (java.lang.reflect.Type event : method.getGenericParameterTypes()) {
                        fields(event, new HashSet<>());
                    }
                    fields(method.getGenericReturnType(), new HashSet<>());
                }
            }
            for (String name : reach.instantiated) {
                try {
                    Class.forName(name.replace('/', '.'), true, loader);
                } catch (ExceptionInInitializerError e) {
                    // Its static initializer failed outside Lambda's environment: only a missing class counts.
                    if (e.getCause() instanceof LinkageError missing) {
                        throw missing;
                    }
                }
            }
            if (reach.reached.contains(new Signature("fr/accueil/handlers/Warmup", "voice", "()V"))) {
                // The voice warm-up's steps, here on this thread so that a failure shows.
                Class.forName("fr.accueil.domain.phone.PhoneNumbers", true, loader).getMethod("toE164", String.class)
                        .invoke(null, "01 00 00 00 00");
                Class.forName("fr.accueil.domain.calendar.FrenchHolidays", true, loader).getMethod("preload", int.class)
                        .invoke(null, 2026);
            }
            return List.of();
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            return List.of(ROOT.relativize(zip) + ": " + handler + " does not load from its package alone: " + cause);
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    /** The runtime reads and writes these types field by field: each field's type must load. */
    private static void fields(java.lang.reflect.Type type, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType parameterized) {
            fields(parameterized.getRawType(), seen);
            for (java.lang.reflect.Type argument : parameterized.getActualTypeArguments()) {
                fields(argument, seen);
            }
        } else if (type instanceof Class<?> c && !c.isPrimitive() && c.getClassLoader() != null && seen.add(c)) {
            for (Field field : c.getDeclaredFields()) {
                fields(field.getGenericType(), seen);
            }
        }
    }

    /** Every class of a package: the root's and those of each jar in lib/, with the bytes of those whose methods we read. */
    private static final class Classes {
        final Set<String> names = new HashSet<>();
        final Map<String, byte[]> bytes = new HashMap<>();

        static Classes of(Path zip) throws IOException {
            Classes classes = new Classes();
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    if (entry.getName().startsWith("lib/") && entry.getName().endsWith(".jar")) {
                        classes.read(new ZipInputStream(new ByteArrayInputStream(in.readAllBytes())));
                    } else {
                        classes.add(entry.getName(), in);
                    }
                }
            }
            return classes;
        }

        private void read(ZipInputStream jar) throws IOException {
            for (ZipEntry entry; (entry = jar.getNextEntry()) != null; ) {
                add(entry.getName(), jar);
            }
        }

        private void add(String entry, InputStream in) throws IOException {
            if (entry.endsWith(".class") && !entry.startsWith("META-INF/")) {
                String name = entry.substring(0, entry.length() - ".class".length());
                names.add(name);
                // A service's model and marshallers never are supertypes of our classes: their names are enough.
                if (!name.matches("software/amazon/awssdk/services/[^/]+/(model|transform|paginators)/.*")) {
                    bytes.put(name, in.readAllBytes());
                }
            }
        }
    }

    private record Signature(String owner, String name, String descriptor) {
    }

    /** Our code's methods a handler can run, and the classes they name that the package lacks. */
    private static final class Reach {
        private final Classes classes;
        private final Map<String, String> missing = new TreeMap<>();
        private final Set<Signature> reached = new HashSet<>();
        private final Deque<Signature> work = new ArrayDeque<>();
        private final Set<String> touched = new HashSet<>();
        /** Only classes made somewhere reachable receive calls on their supertypes (rapid type analysis). */
        private final Set<String> instantiated = new HashSet<>();
        private final Set<Signature> virtualCalls = new HashSet<>();
        private final Map<String, ClassReader> readers = new HashMap<>();

        Reach(Classes classes) {
            this.classes = classes;
        }

        void fromHandler(String handler) {
            touch(handler, "the template's Handler");
            instantiate(handler);
            reach(new Signature(handler, "<init>", "()V"));
            for (Signature method : declared(handler)) {
                if (method.name().equals("handleRequest")) {
                    reach(method);
                }
            }
            while (!work.isEmpty()) {
                follow(work.pop());
            }
        }

        private void reach(Signature method) {
            if (reached.add(method)) {
                work.push(method);
            }
        }

        private static boolean ours(String name) {
            return name.startsWith(OURS);
        }

        private ClassReader reader(String name) {
            return readers.computeIfAbsent(name, n -> classes.bytes.containsKey(n) ? new ClassReader(classes.bytes.get(n)) : null);
        }

        private boolean exists(String name) {
            if (classes.names.contains(name)) {
                return true;
            }
            try {
                Class.forName(name.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        /** A class an instruction names: it must exist; ours, its static initializer and supertypes come with it. */
        private void touch(String name, String from) {
            if (name.startsWith("[")) {
                type(Type.getType(name), from);
                return;
            }
            if (!touched.add(name)) {
                return;
            }
            if (!exists(name)) {
                missing.putIfAbsent(name, from);
                return;
            }
            ClassReader reader = ours(name) ? reader(name) : null;
            if (reader != null) {
                reach(new Signature(name, "<clinit>", "()V"));
                if (reader.getSuperName() != null) {
                    touch(reader.getSuperName(), name);
                }
                for (String contract : reader.getInterfaces()) {
                    touch(contract, name);
                }
            }
        }

        private void type(Type type, String from) {
            if (type.getSort() == Type.ARRAY) {
                type(type.getElementType(), from);
            } else if (type.getSort() == Type.OBJECT) {
                touch(type.getInternalName(), from);
            } else if (type.getSort() == Type.METHOD) {
                type(type.getReturnType(), from);
                for (Type argument : type.getArgumentTypes()) {
                    type(argument, from);
                }
            }
        }

        /** The methods a class declares. */
        private List<Signature> declared(String name) {
            ClassReader reader = reader(name);
            List<Signature> methods = new ArrayList<>();
            if (reader != null) {
                reader.accept(new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
                        methods.add(new Signature(name, method, descriptor));
                        return null;
                    }
                }, ClassReader.SKIP_CODE);
            } else if (!classes.names.contains(name)) {
                try {
                    Class<?> jdk = Class.forName(name.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
                    for (Method method : jdk.getDeclaredMethods()) {
                        methods.add(new Signature(name, method.getName(), Type.getMethodDescriptor(method)));
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // Not there: reported where it is named.
                }
            }
            return methods;
        }

        private List<String> supertypes(String name) {
            ClassReader reader = reader(name);
            List<String> supertypes = new ArrayList<>();
            if (reader != null) {
                if (reader.getSuperName() != null) {
                    supertypes.add(reader.getSuperName());
                }
                supertypes.addAll(List.of(reader.getInterfaces()));
            } else if (!classes.names.contains(name)) {
                try {
                    Class<?> jdk = Class.forName(name.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
                    if (jdk.getSuperclass() != null) {
                        supertypes.add(Type.getInternalName(jdk.getSuperclass()));
                    }
                    for (Class<?> contract : jdk.getInterfaces()) {
                        supertypes.add(Type.getInternalName(contract));
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // Not there: reported where it is named.
                }
            }
            return supertypes;
        }

        /** Name and descriptor of every method a library supertype of this class declares: what library code may call. */
        private Set<String> libraryMethods(String name, Set<String> seen) {
            Set<String> methods = new HashSet<>();
            for (String supertype : supertypes(name)) {
                if (seen.add(supertype)) {
                    if (!ours(supertype)) {
                        declared(supertype).forEach(m -> methods.add(m.name() + m.descriptor()));
                    }
                    methods.addAll(libraryMethods(supertype, seen));
                }
            }
            return methods;
        }

        /** An object of ours made: library code it is handed to may call any library method it overrides. */
        private void instantiate(String name) {
            if (!instantiated.add(name)) {
                return;
            }
            for (Signature call : List.copyOf(virtualCalls)) {
                if (isSubtype(name, call.owner())) {
                    implementation(name, call);
                }
            }
            Set<String> callable = libraryMethods(name, new HashSet<>());
            for (String type = name; type != null && ours(type) && reader(type) != null; type = reader(type).getSuperName()) {
                for (Signature method : declared(type)) {
                    if (callable.contains(method.name() + method.descriptor())) {
                        reach(method);
                    }
                }
            }
        }

        /** Our classes that are, or extend, or implement this type. */
        private boolean isSubtype(String candidate, String type) {
            if (candidate.equals(type)) {
                return true;
            }
            ClassReader reader = reader(candidate);
            if (reader == null || !ours(candidate)) {
                return false;
            }
            for (String supertype : supertypes(candidate)) {
                if (isSubtype(supertype, type)) {
                    return true;
                }
            }
            return false;
        }

        private void call(int opcode, String owner, String name, String descriptor) {
            if (!ours(owner)) {
                return;
            }
            reach(new Signature(owner, name, descriptor));
            implementation(owner, new Signature(owner, name, descriptor));
            if (opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE) {
                Signature call = new Signature(owner, name, descriptor);
                if (virtualCalls.add(call)) {
                    for (String made : List.copyOf(instantiated)) {
                        if (isSubtype(made, owner)) {
                            implementation(made, call);
                        }
                    }
                }
            }
        }

        /** What a call runs on an object of this class: the nearest declaration, up our superclasses. */
        private void implementation(String type, Signature call) {
            for (String at = type; at != null && ours(at) && reader(at) != null; at = reader(at).getSuperName()) {
                Signature method = new Signature(at, call.name(), call.descriptor());
                if (declared(at).contains(method)) {
                    reach(method);
                    return;
                }
            }
        }

        private void follow(Signature method) {
            ClassReader reader = reader(method.owner());
            if (reader == null) {
                return;
            }
            String from = method.owner() + "." + method.name();
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    if (!name.equals(method.name()) || !descriptor.equals(method.descriptor())) {
                        return null;
                    }
                    type(Type.getMethodType(descriptor), from);
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitTypeInsn(int opcode, String type) {
                            touch(type, from);
                            if (opcode == Opcodes.NEW && ours(type)) {
                                instantiate(type);
                            }
                        }

                        @Override
                        public void visitFieldInsn(int opcode, String owner, String field, String fieldDescriptor) {
                            touch(owner, from);
                            type(Type.getType(fieldDescriptor), from);
                        }

                        @Override
                        public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor, boolean isInterface) {
                            touch(owner, from);
                            type(Type.getMethodType(calledDescriptor), from);
                            call(opcode, owner, called, calledDescriptor);
                        }

                        @Override
                        public void visitInvokeDynamicInsn(String called, String calledDescriptor, Handle bootstrap, Object... arguments) {
                            type(Type.getMethodType(calledDescriptor), from);
                            // A lambda or method reference: the object it makes implements the returned interface.
                            Type made = Type.getMethodType(calledDescriptor).getReturnType();
                            for (Object argument : arguments) {
                                if (argument instanceof Handle handle) {
                                    touch(handle.getOwner(), from);
                                    type(Type.getType(handle.getDesc()), from);
                                    int opcode = handle.getTag() == Opcodes.H_INVOKESTATIC ? Opcodes.INVOKESTATIC
                                            : handle.getTag() == Opcodes.H_INVOKEINTERFACE ? Opcodes.INVOKEINTERFACE
                                            : handle.getTag() == Opcodes.H_NEWINVOKESPECIAL || handle.getTag() == Opcodes.H_INVOKESPECIAL
                                            ? Opcodes.INVOKESPECIAL : Opcodes.INVOKEVIRTUAL;
                                    call(opcode, handle.getOwner(), handle.getName(), handle.getDesc());
                                } else if (argument instanceof Type type) {
                                    type(type, from);
                                }
                            }
                            if (made.getSort() == Type.OBJECT) {
                                touch(made.getInternalName(), from);
                            }
                        }

                        @Override
                        public void visitLdcInsn(Object value) {
                            if (value instanceof Type type) {
                                type(type, from);
                            }
                        }

                        @Override
                        public void visitMultiANewArrayInsn(String arrayDescriptor, int dimensions) {
                            type(Type.getType(arrayDescriptor), from);
                        }

                        @Override
                        public void visitTryCatchBlock(org.objectweb.asm.Label start, org.objectweb.asm.Label end,
                                org.objectweb.asm.Label handler, String type) {
                            if (type != null) {
                                touch(type, from);
                            }
                        }
                    };
                }
            }, 0);
        }
    }
}
