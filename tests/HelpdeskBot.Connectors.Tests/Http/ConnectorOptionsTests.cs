using HelpdeskBot.Connectors.Http;
using HelpdeskBot.Connectors.Orders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Connectors.Tests.Http;

public sealed class ConnectorOptionsTests
{
    private static readonly Uri Somewhere = new("http://127.0.0.1:9/api");

    private static Exception? Validate(Dictionary<string, string?> configuration)
    {
        using var host = ConnectorHost.Build(configuration);
        return Record.Exception(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
    }

    [Theory]
    [InlineData("Connectors:Orders:BaseUrl", null, "Connectors:Orders:BaseUrl must be an absolute http or https URL")]
    [InlineData("Connectors:Orders:BaseUrl", "orders.example/api", "Connectors:Orders:BaseUrl must be an absolute http or https URL")]
    [InlineData("Connectors:Orders:BaseUrl", "ftp://orders.example/api", "Connectors:Orders:BaseUrl must be an absolute http or https URL")]
    [InlineData("Connectors:Hr:ApiKey", " ", "Connectors:Hr:ApiKey is required when Connectors:Hr:Mode is Http")]
    [InlineData("Connectors:Invoicing:AttemptTimeout", "00:00:30", "Connectors:Invoicing:AttemptTimeout must not be longer than Connectors:Invoicing:TotalTimeout")]
    [InlineData("Connectors:ItSupport:MaxRetries", "11", "MaxRetries must be between 0 and 10")]
    [InlineData("Connectors:Notifications:CircuitBreakerMinimumThroughput", "1", "CircuitBreakerMinimumThroughput must be between 2 and 10000")]
    [InlineData("Connectors:Notifications:CircuitBreakerBreakDuration", "00:00:00.100", "CircuitBreakerBreakDuration must be between 500 ms and 1 day")]
    [InlineData("Connectors:Orders:CircuitBreakerFailureRatio", "1.5", "CircuitBreakerFailureRatio must be between 0.01 and 1")]
    [InlineData("Connectors:Orders:Mode", "Htpp", "Connectors:Orders:Mode")]
    public void A_bad_connector_setting_fails_validation_with_a_message_naming_it(string key, string? value, string message)
    {
        var configuration = ConnectorHost.HttpSettings(Somewhere, new Dictionary<string, string?> { [key] = value });

        var failure = Validate(configuration);

        Assert.NotNull(failure);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_api_key_fails_the_start()
    {
        var configuration = ConnectorHost.HttpSettings(Somewhere, new Dictionary<string, string?> { ["Connectors:Orders:ApiKey"] = null });
        using var host = ConnectorHost.Build(configuration);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Connectors:Orders:ApiKey is required", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_http_settings_pass_and_keep_the_configured_values()
    {
        var configuration = ConnectorHost.HttpSettings(Somewhere, new Dictionary<string, string?> { ["Connectors:Hr:MaxRetries"] = "0" });

        Assert.Null(Validate(configuration));
        using var host = ConnectorHost.Build(configuration);
        var hr = host.Services.GetRequiredService<IOptionsMonitor<ConnectorOptions>>().Get(nameof(BackOfficeSystem.Hr));
        Assert.Equal((ConnectorMode.Http, 0, TimeSpan.FromSeconds(20)), (hr.Mode, hr.MaxRetries, hr.TotalTimeout));
    }

    [Fact]
    public void Without_connector_settings_every_system_stays_on_the_demo_back_office_with_the_production_defaults()
    {
        var configuration = new Dictionary<string, string?> { ["BackOffice:DatabasePath"] = Path.Combine(Path.GetTempPath(), "unused.db") };

        Assert.Null(Validate(configuration));
        using var host = ConnectorHost.Build(configuration);
        Assert.IsType<BackOfficeOrderService>(host.Services.GetRequiredService<IOrderService>());
        var orders = host.Services.GetRequiredService<IOptionsMonitor<ConnectorOptions>>().Get(nameof(BackOfficeSystem.Orders));
        Assert.Equal(
            (ConnectorMode.Demo, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), 2, 0.5, TimeSpan.FromSeconds(30), 5, TimeSpan.FromSeconds(30)),
            (orders.Mode, orders.AttemptTimeout, orders.TotalTimeout, orders.MaxRetries, orders.CircuitBreakerFailureRatio,
                orders.CircuitBreakerSamplingDuration, orders.CircuitBreakerMinimumThroughput, orders.CircuitBreakerBreakDuration));
    }

    [Fact]
    public void Only_the_systems_set_to_http_are_replaced()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["BackOffice:DatabasePath"] = Path.Combine(Path.GetTempPath(), "unused.db"),
            ["Connectors:Invoicing:Mode"] = "http",
            ["Connectors:Invoicing:BaseUrl"] = "https://erp.example/api/v1",
            ["Connectors:Invoicing:ApiKey"] = "k",
        };

        using var host = ConnectorHost.Build(configuration);

        Assert.IsType<BackOfficeOrderService>(host.Services.GetRequiredService<IOrderService>());
        Assert.Equal("HttpInvoiceService", host.Services.GetRequiredService<HelpdeskBot.Connectors.Invoices.IInvoiceService>().GetType().Name);
    }
}
