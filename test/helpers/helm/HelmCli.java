// The `helm` command of the tests (test/helpers/helm.ts): `helm template` and `helm version` on
// Helm's own rendering engine, Helm's Go library as helm-java packages it for the JVM. Only the
// arguments the validator passes are understood; anything else is refused with exit 2, so a change
// in what the validator asks of helm shows up as a failing test rather than a silently ignored flag.
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Paths;

public final class HelmCli {
  public static void main(String[] args) {
    if (args.length == 1 && args[0].equals("version")) {
      System.out.println("helm-java (Helm's Go library) " + Helm.version().call());
      return;
    }
    if (args.length < 3 || !args[0].equals("template")) {
      System.err.println("Error: this helm understands only `template NAME CHART [--namespace NS] [--kube-version V]` and `version`");
      System.exit(2);
    }
    TemplateCommand command = new Helm(Paths.get(args[2])).template().withName(args[1]);
    for (int i = 3; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) fail("flag " + args[i] + " needs a value");
      switch (args[i]) {
        case "--namespace" -> command = command.withNamespace(value);
        case "--kube-version" -> command = command.withKubeVersion(value);
        default -> fail("unknown flag " + args[i]);
      }
    }
    try {
      System.out.print(command.call());
    } catch (RuntimeException e) {
      System.err.println("Error: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void fail(String message) {
    System.err.println("Error: " + message);
    System.exit(2);
  }
}
