package org.iop.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Validates every *.json file of a directory (one FHIR R4 resource each) against the R4 core definitions, offline:
 * the structure definitions, cardinalities, invariants (FHIRPath) and the value sets HAPI can expand in memory
 * (FHIR's own code systems, UCUM, BCP-47, ISO currencies and countries). External code systems such as LOINC are not
 * loaded, so their codes are not checked; no profile beyond the core (US Core) is applied. A StructureDefinition among
 * the files (`StructureDefinition-*.json`, an extension the resources use) is loaded as a definition first, and
 * validated like the rest; an extension without one is an error.
 *
 * Prints one line per file, `{"file":"...","outcome":<OperationOutcome>}`, and exits with 1 when any message is an
 * error or fatal, 2 on a usage or I/O problem, 0 otherwise.
 */
public final class ValidateDirectory {
  private ValidateDirectory() {}

  public static void main(String[] args) {
    try {
      System.exit(run(args) ? 1 : 0);
    } catch (Exception | LinkageError e) {
      // Not a finding about the resources: the caller must not read it as "some resource has errors".
      e.printStackTrace();
      System.exit(2);
    }
  }

  /** Whether any resource has an error. */
  private static boolean run(String[] args) throws IOException {
    if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
      System.err.println("usage: ValidateDirectory <directory of *.json FHIR R4 resources>");
      System.exit(2);
    }
    FhirContext ctx = FhirContext.forR4();
    IParser json = ctx.newJsonParser();
    List<Path> files;
    try (Stream<Path> listing = Files.list(Path.of(args[0]))) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    PrePopulatedValidationSupport definitions = new PrePopulatedValidationSupport(ctx);
    for (Path file : files) {
      if (file.getFileName().toString().startsWith("StructureDefinition-")) {
        definitions.addStructureDefinition(json.parseResource(StructureDefinition.class, Files.readString(file, StandardCharsets.UTF_8)));
      }
    }
    ValidationSupportChain support = new ValidationSupportChain(
        definitions,
        new DefaultProfileValidationSupport(ctx),
        new InMemoryTerminologyServerValidationSupport(ctx),
        new CommonCodeSystemsTerminologyService(ctx),
        new SnapshotGeneratingValidationSupport(ctx));
    FhirInstanceValidator instanceValidator = new FhirInstanceValidator(support);
    // No terminology server: a code from a system the validator cannot load is reported, but not as an error.
    instanceValidator.setNoTerminologyChecks(false);
    instanceValidator.setAnyExtensionsAllowed(false);
    FhirValidator validator = ctx.newValidator().registerValidatorModule(instanceValidator);

    boolean failed = false;
    for (Path file : files) {
      ValidationResult result = validator.validateWithResult(Files.readString(file, StandardCharsets.UTF_8));
      for (SingleValidationMessage m : result.getMessages()) {
        if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) failed = true;
      }
      IBaseOperationOutcome outcome = result.toOperationOutcome();
      String name = file.getFileName().toString().replace("\\", "\\\\").replace("\"", "\\\"");
      System.out.println("{\"file\":\"" + name + "\",\"outcome\":" + json.encodeResourceToString(outcome) + "}");
    }
    return failed;
  }
}
