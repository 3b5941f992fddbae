using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Connectors.Http;

/// <summary>Where a back-office system's connector goes: the embedded demo back office or the company's REST API.</summary>
public enum ConnectorMode { Demo, Http }

/// <summary>
/// How the bot reaches one back-office system, bound per system from <c>Connectors:{System}</c>
/// (<c>Connectors:Orders</c>, <c>Connectors:ItSupport</c>, <c>Connectors:Hr</c>, <c>Connectors:Invoicing</c>,
/// <c>Connectors:Notifications</c>) as named options. The defaults are the production resilience settings; see
/// <c>docs/connectors.md</c>.
/// </summary>
public sealed class ConnectorOptions
{
    public const string SectionName = "Connectors";

    /// <summary>The configuration section of <paramref name="system"/>, also the name of its options instance.</summary>
    public static string SectionFor(BackOfficeSystem system) => $"{SectionName}:{system}";

    public ConnectorMode Mode { get; set; } = ConnectorMode.Demo;

    /// <summary>The REST API's root (absolute http or https URL, may carry a path such as <c>/api/v1</c>). Required in <see cref="ConnectorMode.Http"/>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent as <c>X-Api-Key</c>. Required in <see cref="ConnectorMode.Http"/>; comes from user secrets or the environment, never the repository.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one try may take before it is abandoned (and, for a GET, retried).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00", ErrorMessage = "AttemptTimeout must be between 10 ms and 5 minutes.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a call may take in all, retries and their delays included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "TotalTimeout must be between 10 ms and 10 minutes.")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries of a GET after a transient failure (5xx, 408, 429, connection error, attempt timeout). POSTs are never retried.</summary>
    [Range(0, 10, ErrorMessage = "MaxRetries must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay; later ones grow exponentially, all with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "RetryDelay must be between 0 and 1 minute.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The share of failed tries within <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit.</summary>
    [Range(0.01, 1.0, ErrorMessage = "CircuitBreakerFailureRatio must be between 0.01 and 1.")]
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00", ErrorMessage = "CircuitBreakerSamplingDuration must be between 500 ms and 1 day.")]
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries within the sampling window before the failure ratio counts.</summary>
    [Range(2, 10_000, ErrorMessage = "CircuitBreakerMinimumThroughput must be between 2 and 10000.")]
    public int CircuitBreakerMinimumThroughput { get; set; } = 5;

    /// <summary>How long an open circuit fails calls at once before it lets one try through.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00", ErrorMessage = "CircuitBreakerBreakDuration must be between 500 ms and 1 day.")]
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    internal bool HasValidBaseUrl =>
        Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.Fragment);

    /// <summary>The base URL with a trailing slash, so that relative paths (<c>orders/ORD-100123</c>) keep its path.</summary>
    internal Uri BaseAddress
    {
        get
        {
            var url = BaseUrl ?? throw new InvalidOperationException("BaseUrl is not set.");
            return new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);
        }
    }
}
