// The E2E tests find a dashboard's chart by the data-testid its page puts on the panel: the id
// has to land on the chart itself, not on the panel around it.
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ChartPanel from './ChartPanel.vue'

describe('chart panel', () => {
  it('puts the data-testid on the chart and the slot under it', () => {
    const wrapper = mount(ChartPanel, {
      props: { title: 'Trend', option: {}, wide: true },
      attrs: { 'data-testid': 'some-chart' },
      slots: { default: '<p class="figures">3</p>' },
      global: { stubs: { EChart: { props: ['option', 'height'], template: '<div class="echart" :data-height="height" />' } } },
    })
    const chart = wrapper.get('[data-testid="some-chart"]')
    expect(chart.classes()).toContain('echart')
    expect(wrapper.classes()).toEqual(expect.arrayContaining(['panel', 'chart', 'wide']))
    expect(wrapper.get('h3').text()).toBe('Trend')
    expect(wrapper.get('.figures').text()).toBe('3')
    wrapper.unmount()
  })
})
