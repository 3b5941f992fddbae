using HelpdeskBot.Connectors.BackOffice;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Connectors.Orders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HelpdeskBot.Connectors.Tests.Http;

/// <summary>
/// A host wired as the bot wires it (configuration → <c>AddConnectors</c>), every system in Http mode pointed at
/// <paramref name="baseUrl"/>. Timeouts are generous so that a cold first call on a busy machine passes; the tests of
/// timeouts shrink them through <c>settings</c>. Retries wait 10 ms.
/// </summary>
internal sealed class ConnectorHost(IHost host) : IDisposable
{
    public IServiceProvider Services => host.Services;

    public IOrderService Orders => Services.GetRequiredService<IOrderService>();

    public IItSupportService ItSupport => Services.GetRequiredService<IItSupportService>();

    public IHrService Hr => Services.GetRequiredService<IHrService>();

    public IInvoiceService Invoices => Services.GetRequiredService<IInvoiceService>();

    public INotificationService Notifications => Services.GetRequiredService<INotificationService>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public static ConnectorHost Create(Uri baseUrl, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(Build(HttpSettings(baseUrl, settings)));

    public static Dictionary<string, string?> HttpSettings(Uri baseUrl, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            [$"{BackOfficeOptions.SectionName}:{nameof(BackOfficeOptions.DatabasePath)}"] =
                Path.Combine(Path.GetTempPath(), "helpdeskbot-connectors-tests", Guid.NewGuid().ToString("N"), "backoffice.db"),
        };
        foreach (var system in Enum.GetValues<BackOfficeSystem>())
        {
            var section = $"Connectors:{system}";
            configuration[$"{section}:Mode"] = "Http";
            configuration[$"{section}:BaseUrl"] = baseUrl.ToString();
            configuration[$"{section}:ApiKey"] = FakeBackOffice.ApiKey;
            configuration[$"{section}:AttemptTimeout"] = "00:00:10";
            configuration[$"{section}:TotalTimeout"] = "00:00:20";
            configuration[$"{section}:RetryDelay"] = "00:00:00.010";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        return configuration;
    }

    public static IHost Build(IReadOnlyDictionary<string, string?> configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        builder.AddConnectors();
        return builder.Build();
    }

    public void Dispose() => host.Dispose();
}
