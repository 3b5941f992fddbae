using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Knowledge.Embeddings;

/// <summary>
/// The data annotations of <see cref="EmbeddingOptions"/> plus what depends on the provider. One class rather than
/// <c>ValidateDataAnnotations().Validate(…)</c> so that it can be registered once however often the options are added.
/// </summary>
internal sealed class EmbeddingOptionsValidator : IValidateOptions<EmbeddingOptions>
{
    private const string Section = EmbeddingOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var failures = results.Select(result => $"{Section}: {result.ErrorMessage}").ToList();

        if (options.Provider == EmbeddingProvider.OpenAI)
        {
            if (!options.HasValidBaseUrl)
            {
                failures.Add($"{Section}:BaseUrl must be an absolute http or https URL without query (e.g. https://api.openai.com/v1) when {Section}:Provider is OpenAI.");
            }

            if (string.IsNullOrWhiteSpace(options.Model))
            {
                failures.Add($"{Section}:Model is required when {Section}:Provider is OpenAI.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
