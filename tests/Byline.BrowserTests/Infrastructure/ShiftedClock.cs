namespace Byline.BrowserTests.Infrastructure;

/// <summary>
/// The real clock plus an offset a test can move forward ("an hour later"), so time-based behaviour
/// such as scheduled publishing can be seen in a browser without waiting. Timers keep real time.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
