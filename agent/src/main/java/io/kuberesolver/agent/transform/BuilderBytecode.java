package io.kuberesolver.agent.transform;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Rewrites {@code io.grpc.internal.ManagedChannelImplBuilder}. Every constructor whose first
 * parameter is the target {@code String} gets, first thing,
 *
 * <pre>
 * try { Object[] a = {ManagedChannelImplBuilder.class, target, other parameters...};
 *       hook("ENTER").apply(a); target = (String) a[1]; } catch (Throwable t) {}
 * </pre>
 *
 * and before each {@code return} {@code try { hook("EXIT").apply(this); } catch (Throwable t) {}}.
 * The methods that replace the channel's resolver source ({@code nameResolverFactory(..)} and,
 * where grpc has it, {@code nameResolverRegistry(..)}) get, first thing,
 *
 * <pre>
 * try { this.target = (String) hook("SOURCE").apply(new Object[]{this, argument, this.target}); }
 * catch (Throwable t) {}
 * </pre>
 *
 * which puts back the application's target when it brings its own resolver (see
 * {@code ChannelRewriter}). {@code hook(f)} is {@code (Function) Class.forName(
 * "io.kuberesolver.agent.hook.Hook", true, ClassLoader.getSystemClassLoader()).getField(f).get(null)}.
 *
 * <p>Every inserted sequence is its own try block catching {@code Throwable}: a security manager
 * that refuses the system class loader, a missing agent class or an error in the agent leave the
 * application's builder exactly as grpc makes it. The enter part runs before {@code super()}: it
 * touches only the arguments, never {@code this}.
 *
 * <p>{@code target} is final in grpc; on first load the field loses {@code final} so that the
 * resolver-source methods may write it (a JVM refuses a final field's write outside a constructor
 * in class files of Java 9 and later). A retransformation (after attach) may not change modifiers;
 * there the write relies on grpc's Java 7/8 class files, where the JVM allows it.
 */
public final class BuilderBytecode {
  public static final String BUILDER = "io/grpc/internal/ManagedChannelImplBuilder";
  static final String HOOK_CLASS = "io.kuberesolver.agent.hook.Hook";
  private static final String THROWABLE = "java/lang/Throwable";

  private BuilderBytecode() {}

  /** {@link #instrument(byte[], boolean)} for a class being loaded (not retransformed). */
  public static byte[] instrument(byte[] classFile) {
    return instrument(classFile, false);
  }

  /**
   * The instrumented class, or {@code null} if it has no String-target constructor or predates
   * Java 7 bytecode.
   *
   * <p>grpc 1.33-1.41 ship Java 7 class files (major version 51), 1.42 and later Java 8 (52). The
   * inserted code needs no more than Java 5 (a class literal); its exception handlers get stack
   * map frames written here from the method's descriptor (no class loading while transforming).
   *
   * @param retransforming the class is already loaded: its shape (modifiers) must stay as it is
   */
  public static byte[] instrument(byte[] classFile, boolean retransforming) {
    return instrument(classFile, retransforming, HOOK_CLASS);
  }

  /** As {@link #instrument(byte[], boolean)}, calling {@code hookClass} (tests name one that is missing). */
  public static byte[] instrument(byte[] classFile, boolean retransforming, String hookClass) {
    ClassReader reader = new ClassReader(classFile);
    if (reader.readUnsignedShort(6) < Opcodes.V1_7) {
      return null;
    }
    String owner = reader.getClassName();
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    boolean[] changed = new boolean[1];
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        int a = !retransforming && "target".equals(name) ? access & ~Opcodes.ACC_FINAL : access;
        return super.visitField(a, name, descriptor, signature, value);
      }

      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        if ("<init>".equals(name) && descriptor.startsWith("(Ljava/lang/String;")) {
          changed[0] = true;
          return new ConstructorHooks(mv, owner, descriptor, hookClass);
        }
        if (isResolverSourceSetter(access, name, descriptor)) {
          return new SourceHook(mv, owner, descriptor, hookClass);
        }
        return mv;
      }
    }, ClassReader.EXPAND_FRAMES);
    return changed[0] ? writer.toByteArray() : null;
  }

  static boolean isResolverSourceSetter(int access, String name, String descriptor) {
    if ((access & (Opcodes.ACC_STATIC | Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) != 0) {
      return false;
    }
    return ("nameResolverFactory".equals(name) && descriptor.startsWith("(Lio/grpc/NameResolver$Factory;)L" + BUILDER))
        || ("nameResolverRegistry".equals(name) && descriptor.startsWith("(Lio/grpc/NameResolverRegistry;)L" + BUILDER));
  }

  /** Inserts guarded sequences; knows the locals at the method's entry for the handlers' frames. */
  private abstract static class Guarded extends MethodVisitor {
    final String owner;
    final String hookClass;
    final Object[] entryLocals;

    Guarded(MethodVisitor mv, String owner, String descriptor, Object self, String hookClass) {
      super(Opcodes.ASM9, mv);
      this.owner = owner;
      this.hookClass = hookClass;
      Type[] params = Type.getArgumentTypes(descriptor);
      entryLocals = new Object[params.length + 1];
      entryLocals[0] = self;
      for (int i = 0; i < params.length; i++) {
        entryLocals[i + 1] = frameType(params[i]);
      }
    }

    /**
     * {@code try { body } catch (Throwable t) {}}; {@code locals} describe the frame both before and
     * after (a prefix of the real locals is enough: the rest are then unused).
     */
    final void guarded(Object[] locals, Runnable body) {
      net.bytebuddy.jar.asm.Label start = new net.bytebuddy.jar.asm.Label();
      net.bytebuddy.jar.asm.Label end = new net.bytebuddy.jar.asm.Label();
      net.bytebuddy.jar.asm.Label handler = new net.bytebuddy.jar.asm.Label();
      net.bytebuddy.jar.asm.Label after = new net.bytebuddy.jar.asm.Label();
      super.visitTryCatchBlock(start, end, handler, THROWABLE);
      super.visitLabel(start);
      body.run();
      super.visitLabel(end);
      super.visitJumpInsn(Opcodes.GOTO, after);
      super.visitLabel(handler);
      super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {THROWABLE});
      super.visitInsn(Opcodes.POP);
      super.visitLabel(after);
      super.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]);
      // The original code may have a frame of its own at this offset; two frames may not share one.
      super.visitInsn(Opcodes.NOP);
    }

    /** {@code Object[]} of the reference parameters (primitives as null), after {@code prefix} elements. */
    final void parameterArray(int prefix, Runnable fillPrefix) {
      int params = entryLocals.length - 1;
      super.visitLdcInsn(prefix + params);
      super.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
      fillPrefix.run();
      int slot = 1;
      for (int i = 0; i < params; i++) {
        Object t = entryLocals[i + 1];
        if (t instanceof String) {
          super.visitInsn(Opcodes.DUP);
          super.visitLdcInsn(prefix + i);
          super.visitVarInsn(Opcodes.ALOAD, slot);
          super.visitInsn(Opcodes.AASTORE);
        }
        slot += t == Opcodes.LONG || t == Opcodes.DOUBLE ? 2 : 1;
      }
    }

    final void store(int index, Runnable value) {
      super.visitInsn(Opcodes.DUP);
      super.visitLdcInsn(index);
      value.run();
      super.visitInsn(Opcodes.AASTORE);
    }

    final void loadHook(String field) {
      super.visitLdcInsn(hookClass);
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

    final void apply() {
      super.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/Function", "apply",
          "(Ljava/lang/Object;)Ljava/lang/Object;", true);
    }

    private static Object frameType(Type t) {
      switch (t.getSort()) {
        case Type.BOOLEAN:
        case Type.BYTE:
        case Type.CHAR:
        case Type.SHORT:
        case Type.INT:
          return Opcodes.INTEGER;
        case Type.LONG:
          return Opcodes.LONG;
        case Type.FLOAT:
          return Opcodes.FLOAT;
        case Type.DOUBLE:
          return Opcodes.DOUBLE;
        default:
          return t.getSort() == Type.ARRAY ? t.getDescriptor() : t.getInternalName();
      }
    }
  }

  private static final class ConstructorHooks extends Guarded {
    ConstructorHooks(MethodVisitor mv, String owner, String descriptor, String hookClass) {
      super(mv, owner, descriptor, Opcodes.UNINITIALIZED_THIS, hookClass);
    }

    @Override
    public void visitCode() {
      super.visitCode();
      guarded(entryLocals, () -> {
        loadHook("ENTER");
        // {builderClass, target, other parameters}: the target is parameter 0, so element 1.
        parameterArray(1, () -> store(0, () -> mv.visitLdcInsn(Type.getObjectType(owner))));
        // [fn, arr] -> [arr, fn, arr]
        mv.visitInsn(Opcodes.DUP_X1);
        apply();
        mv.visitInsn(Opcodes.POP);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.AALOAD);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
        mv.visitVarInsn(Opcodes.ASTORE, 1);
      });
    }

    @Override
    public void visitInsn(int opcode) {
      if (opcode == Opcodes.RETURN) {
        // `this` is initialized at every return; the other locals are not needed by the handler.
        guarded(new Object[] {owner}, () -> {
          loadHook("EXIT");
          mv.visitVarInsn(Opcodes.ALOAD, 0);
          apply();
          mv.visitInsn(Opcodes.POP);
        });
      }
      super.visitInsn(opcode);
    }
  }

  private static final class SourceHook extends Guarded {
    SourceHook(MethodVisitor mv, String owner, String descriptor, String hookClass) {
      super(mv, owner, descriptor, owner, hookClass);
    }

    @Override
    public void visitCode() {
      super.visitCode();
      guarded(entryLocals, () -> {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        loadHook("SOURCE");
        // {this, argument, this.target}
        mv.visitInsn(Opcodes.ICONST_3);
        mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
        store(0, () -> mv.visitVarInsn(Opcodes.ALOAD, 0));
        store(1, () -> mv.visitVarInsn(Opcodes.ALOAD, 1));
        store(2, () -> {
          mv.visitVarInsn(Opcodes.ALOAD, 0);
          mv.visitFieldInsn(Opcodes.GETFIELD, owner, "target", "Ljava/lang/String;");
        });
        apply();
        mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
        mv.visitFieldInsn(Opcodes.PUTFIELD, owner, "target", "Ljava/lang/String;");
      });
    }
  }
}
