package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.service.ExperimentClient;
import io.asyncrl.jobs.spec.CostEstimate;
import io.asyncrl.jobs.spec.ExperimentIds;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.jobs.service.ServiceHealth;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code asyncrl submit SPEC.yaml --bootstrap HOST:PORT}: validate, send to the service, print the experiment id. */
@Command(name = "submit", customSynopsis = "asyncrl submit SPEC.yaml --bootstrap HOST:PORT [OPTIONS]",
        description = "Validate a spec, send it to the service job and print the experiment id.")
final class SubmitCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "the experiment spec")
    Path spec;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, description = "the service's Kafka cluster")
    String bootstrap;

    @Option(names = "--topic-prefix", paramLabel = "P", defaultValue = ServiceTopics.DEFAULT_PREFIX,
            description = "prefix of every topic (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--id", paramLabel = "ID", description = "the experiment id (default: derived from the spec's name and text)")
    String id;

    @Override
    public Integer call() throws Exception {
        ExperimentSpec s = ExperimentIds.load(spec, id);
        err().println("asyncrl: estimated cost: " + CostEstimate.of(s).summary());
        Optional<String> down = ServiceHealth.of(bootstrap, null).problem("submit");
        if (down.isPresent()) {
            err().println("asyncrl: " + down.get());
            return Main.FAILED;
        }
        new ExperimentClient(bootstrap, prefix).submit(s);
        err().println("asyncrl: submitted " + s.getName() + "; follow it with: asyncrl watch " + s.getId()
                + " --bootstrap " + bootstrap);
        out().println(s.getId());
        return Main.DONE;
    }
}
