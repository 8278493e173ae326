package io.kuberesolver.agent.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdkToolsTest {
  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "com.sun.tools.javac.Main Foo.java, null, true",
      "sun.tools.jcmd.JCmd 1 VM.flags, null, true",
      "sun.tools.jps.Jps -l, null, true",
      "sun.security.tools.keytool.Main -list, null, true",
      "sun.tools.jar.Main --version, null, true",
      "jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider, jdk.jshell, true",
      "jdk.jfr.internal.tool.Main print x.jfr, null, true",
      "null, jdk.jlink, true",
      "com.example.App --port 1, null, false",
      "/app/app.jar serve, null, false",
      "org.springframework.boot.loader.launch.JarLauncher, null, false",
      "my.module/com.example.Main, my.module, false",
      "null, null, false",
  })
  void recognisesJdkTools(String command, String module, boolean tool) {
    assertThat(JdkTools.isJdkTool(command, module)).isEqualTo(tool);
  }
}
