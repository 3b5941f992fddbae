using Xunit.Abstractions;
using Xunit.Sdk;

namespace HelpdeskBot.Knowledge.Tests.Indexing;

/// <summary>
/// A test of <see cref="KnowledgeIndexContract"/>, run once for each store's subclass. A plain [Fact] takes its Skip from
/// the method, which every subclass shares; this one also takes it from a Skip-setting <see cref="FactAttribute"/> on the
/// subclass itself (<see cref="QdrantFactAttribute"/> on the Qdrant tests), so a store that cannot run here is reported
/// skipped, with the reason, test by test, while the same tests run for the other stores.
/// </summary>
[XunitTestCaseDiscoverer("HelpdeskBot.Knowledge.Tests.Indexing.ContractFactDiscoverer", "HelpdeskBot.Knowledge.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;

public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new ContractTestCase(
            DiagnosticMessageSink,
            discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(),
            testMethod);
}

public sealed class ContractTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ContractTestCase()
    {
    }

    public ContractTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    // TestMethod.TestClass is the concrete subclass, also for a method declared on the abstract contract.
    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        base.GetSkipReason(factAttribute)
        ?? TestMethod.TestClass.Class.GetCustomAttributes(typeof(FactAttribute))
            .Select(attribute => attribute.GetNamedArgument<string>(nameof(FactAttribute.Skip)))
            .FirstOrDefault(reason => !string.IsNullOrEmpty(reason))!;
}
