using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Skills.Llm;

/// <summary>
/// The data annotations of <see cref="LlmOptions"/> plus what they cannot say: half a configuration (an endpoint without a
/// model, or the reverse) is a mistake reported at start, not a model silently left off.
/// </summary>
internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    private const string Section = LlmOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var failures = results.Select(result => $"{Section}: {result.ErrorMessage}").ToList();

        var hasEndpoint = !string.IsNullOrWhiteSpace(options.Endpoint);
        var hasModel = !string.IsNullOrWhiteSpace(options.Model);
        if (hasEndpoint && !options.HasValidEndpoint)
        {
            failures.Add($"{Section}:Endpoint must be an absolute http or https URL without query (e.g. http://localhost:11434/v1).");
        }

        if (hasEndpoint != hasModel)
        {
            failures.Add($"{Section}:Endpoint and {Section}:Model are set together (both for a model, neither for none).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
