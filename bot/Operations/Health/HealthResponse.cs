using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HelpdeskBot.Bot.Operations.Health;

/// <summary>
/// The JSON a probe gets: the overall status, the names of the failing checks, and each check's status, our own fixed
/// description and duration. Exceptions and check data are never written: the endpoints are anonymous, and a driver's
/// message can carry a host, a user name or a connection-string fragment.
/// </summary>
internal static class HealthResponse
{
    private static readonly JsonWriterOptions Options = new() { Indented = false };

    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body, Options);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartArray("failing");
        foreach (var (name, _) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json.WriteStringValue(name);
        }
        json.WriteEndArray();
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            // The framework's own description for a check that timed out or threw names no more than the check.
            json.WriteString("description", entry.Exception is null ? entry.Description : "The check failed or timed out.");
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
