package io.kuberesolver.agent.transform;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Rewrites {@code io.grpc.internal.ManagedChannelImplBuilder}: every constructor whose first
 * parameter is the target {@code String} gets, first thing,
 *
 * <pre>
 * Object[] a = {ManagedChannelImplBuilder.class, target};
 * hook("ENTER").apply(a);
 * target = (String) a[1];
 * </pre>
 *
 * and before each {@code return} {@code hook("EXIT").apply(this)}, where {@code hook(f)} is
 * {@code (Function) Class.forName("io.kuberesolver.agent.hook.Hook", true,
 * ClassLoader.getSystemClassLoader()).getField(f).get(null)}.
 *
 * <p>The inserted code has no branches (so no stack map frames to compute, no class loading while
 * transforming) and cannot fail while the agent jar is on the system class path, which the JVM
 * guarantees for {@code -javaagent} and attach. The enter part runs before {@code super()}: it
 * touches only the argument, never {@code this}.
 */
public final class BuilderBytecode {
  public static final String BUILDER = "io/grpc/internal/ManagedChannelImplBuilder";
  static final String HOOK_CLASS = "io.kuberesolver.agent.hook.Hook";

  private BuilderBytecode() {}

  /**
   * The instrumented class, or {@code null} if it has no String-target constructor or predates
   * Java 7 bytecode.
   *
   * <p>grpc 1.33-1.41 ship Java 7 class files (major version 51), 1.42 and later Java 8 (52). The
   * inserted code needs no more than Java 5 (a class literal), and adds no branch, so the existing
   * stack map frames stay valid (ASM only shifts their offsets). Older class files predate every
   * grpc with this builder and are left alone.
   */
  public static byte[] instrument(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    if (reader.readUnsignedShort(6) < Opcodes.V1_7) {
      return null;
    }
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    boolean[] changed = new boolean[1];
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        if ("<init>".equals(name) && descriptor.startsWith("(Ljava/lang/String;")) {
          changed[0] = true;
          return new ConstructorHooks(mv, reader.getClassName());
        }
        return mv;
      }
    }, 0);
    return changed[0] ? writer.toByteArray() : null;
  }

  private static final class ConstructorHooks extends MethodVisitor {
    private final String owner;

    ConstructorHooks(MethodVisitor mv, String owner) {
      super(Opcodes.ASM9, mv);
      this.owner = owner;
    }

    @Override
    public void visitCode() {
      super.visitCode();
      loadHook("ENTER");
      visitInsn(Opcodes.ICONST_2);
      visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
      visitInsn(Opcodes.DUP);
      visitInsn(Opcodes.ICONST_0);
      visitLdcInsn(Type.getObjectType(owner));
      visitInsn(Opcodes.AASTORE);
      visitInsn(Opcodes.DUP);
      visitInsn(Opcodes.ICONST_1);
      visitVarInsn(Opcodes.ALOAD, 1);
      visitInsn(Opcodes.AASTORE);
      // [fn, arr] -> [arr, fn, arr]
      visitInsn(Opcodes.DUP_X1);
      applyAndPop();
      visitInsn(Opcodes.ICONST_1);
      visitInsn(Opcodes.AALOAD);
      visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
      visitVarInsn(Opcodes.ASTORE, 1);
    }

    @Override
    public void visitInsn(int opcode) {
      if (opcode == Opcodes.RETURN) {
        loadHook("EXIT");
        super.visitVarInsn(Opcodes.ALOAD, 0);
        applyAndPop();
      }
      super.visitInsn(opcode);
    }

    private void loadHook(String field) {
      super.visitLdcInsn(HOOK_CLASS);
      super.visitInsn(Opcodes.ICONST_1);
      super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/ClassLoader", "getSystemClassLoader",
          "()Ljava/lang/ClassLoader;", false);
      super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Class", "forName",
          "(Ljava/lang/String;ZLjava/lang/ClassLoader;)Ljava/lang/Class;", false);
      super.visitLdcInsn(field);
      super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Class", "getField",
          "(Ljava/lang/String;)Ljava/lang/reflect/Field;", false);
      super.visitInsn(Opcodes.ACONST_NULL);
      super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/reflect/Field", "get",
          "(Ljava/lang/Object;)Ljava/lang/Object;", false);
      super.visitTypeInsn(Opcodes.CHECKCAST, "java/util/function/Function");
    }

    private void applyAndPop() {
      super.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/Function", "apply",
          "(Ljava/lang/Object;)Ljava/lang/Object;", true);
      super.visitInsn(Opcodes.POP);
    }
  }
}
