using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Bot.Operations.Telemetry;

/// <summary>
/// Where traces and metrics go, bound from <c>Telemetry</c>. Nothing is exported unless <see cref="OtlpEndpoint"/> or the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; then the OpenTelemetry SDK starts with the OTLP exporter.
/// </summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// The collector's base URL, e.g. <c>http://otel-collector:4318</c> (OTLP/HTTP; <c>/v1/traces</c> and <c>/v1/metrics</c>
    /// are appended) or <c>http://otel-collector:4317</c> with <see cref="OtlpProtocol"/> <c>Grpc</c>. Empty: the standard
    /// <c>OTEL_EXPORTER_OTLP_*</c> variables decide, and with none of them set nothing is exported.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>HttpProtobuf</c> (default, port 4318) or <c>Grpc</c> (port 4317); used with <see cref="OtlpEndpoint"/>.</summary>
    public OtlpTransport OtlpProtocol { get; set; } = OtlpTransport.HttpProtobuf;

    /// <summary>The <c>service.name</c> every span and metric carries; instances are told apart by <c>service.instance.id</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,100}$", ErrorMessage = "Telemetry:ServiceName may only contain letters, digits, '.', '-' and '_'.")]
    public string ServiceName { get; set; } = "helpdeskbot";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && BaseUri is null)
        {
            yield return new ValidationResult(
                "Telemetry:OtlpEndpoint must be an absolute http or https URL such as http://localhost:4318.", [nameof(OtlpEndpoint)]);
        }
    }

    /// <summary>The endpoint with a trailing slash (so a path prefix is kept), or null when unset or not a URL.</summary>
    internal Uri? BaseUri =>
        Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? new Uri(uri.AbsoluteUri.EndsWith('/') ? uri.AbsoluteUri : uri.AbsoluteUri + "/")
            : null;
}

/// <summary>The OTLP transport.</summary>
public enum OtlpTransport
{
    HttpProtobuf,
    Grpc,
}
